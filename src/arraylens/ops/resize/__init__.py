"""Resize and interpolate: one canonical form for every library's resize.

API guide
=========

A resize is, per resized axis, a **coordinate rule**, a **filter**, a **boundary rule** and a
**precision rule** (:mod:`arraylens.ops.resize.spec`); the result is separable (one 1-D resize
per axis, in any order, up to float rounding).

``spec.AxisResize.of(in_size, out_size, coordinate, scale=None, roi=(0, 1), output_width=None)``
    One axis. ``coordinate`` is an ONNX name: ``half_pixel`` ``(x + 0.5) / scale - 0.5``,
    ``half_pixel_symmetric``, ``pytorch_half_pixel`` (0 for an output of 1), ``align_corners``
    ``x * (in - 1) / (out - 1)``, ``asymmetric`` ``x / scale``, ``tf_crop_and_resize``.
    ``scale`` is ``out / in`` as the library uses it in the formula: pass the user's scale
    factor where the library uses it (PyTorch's ``scale_factor``, ONNX's ``scales``), None for
    ``out / in``. It is stored exactly (a ``Fraction``; a float is its binary value).
    ``dataclasses.replace(r, step=...)`` overrides the multiplier of ``half_pixel`` /
    ``asymmetric`` (PyTorch's antialiased align_corners); ``repeat_first=True`` makes every
    output position take position 0's taps (a PyTorch quirk, see the torch front-end).
``spec.Filter(kind, rounding='floor', cubic_a=-0.75, lobes=3, antialias=False, area='adaptive', normalize=False)``
    ``kind``: ``nearest`` (with ``rounding``: ``floor``, ``ceil``, ``round_prefer_floor``,
    ``round_prefer_ceil``), ``linear``, ``cubic`` (Keys ``a``), ``lanczos`` (``lobes``),
    ``box`` (TensorFlow's: 1 inside, 1/2 on the edge), ``gaussian`` (TF's, radius 1.5, sigma
    0.5), ``mitchell`` (B = C = 1/3), ``area`` (``adaptive``: PyTorch's integer windows;
    ``coverage``: TensorFlow's resize_area fractional overlaps), ``hamming`` (Pillow's,
    radius 1), ``mks2013`` and ``mks2021`` (Pillow's Magic Kernel Sharp, radius 2.5 and
    4.5). ``antialias``: stretch the
    filter by ``1 / scale`` when downsampling and normalise the weights. ``normalize``: divide
    the weights by their sum even without antialiasing (scale_and_translate kernels).
``spec.Precision(arithmetic='exact', scale_form='multiply', fixed_point=None)``
    ``arithmetic``: the coordinate formula in ``exact`` rationals (the specification),
    ``float32`` or ``float64``; ``scale_form``: ``multiply`` by the precomputed ``1 / scale``
    (PyTorch, TensorFlow, OpenCV) or ``divide`` by ``scale`` (onnxruntime). Only nearest picks
    (and tap positions at exact integers) depend on it. ``fixed_point``: the name of an integer
    arithmetic registered with ``kernel.register_fixed_point(name, fn)``; ``fn(x, spec,
    tables)`` gets the float tap tables of every axis (``kernel.AxisTable``: ``index``,
    ``weight``, ``position`` of shape ``(out, taps)``) and returns the result.
``spec.ResizeSpec(axes, resizes, filter, boundary='clamp', extrapolation_value=None, precision=Precision())``
    ``axes``: the array axes resized (increasing); ``boundary``: ``clamp`` (edge pixel
    repeated) or ``exclude`` (outside taps weigh 0, the rest renormalised);
    ``extrapolation_value``: tf_crop_and_resize's value outside ``[0, in - 1]``.
``plan.ResizePlan(op, x, spec, out_dtype, compute_dtype=None, label='', axis_names=None, finish=None, notes=())``
    What a front-end returns (the ``core.frontend.Plan`` protocol): ``compute()`` resizes in
    ``compute_dtype`` (default: ``x``'s float dtype, float64 for integers; nearest keeps ``x``'s
    dtype) and casts to ``out_dtype`` (or calls ``finish(result)``: rounding/saturation for
    integer results); ``explain(at)`` gives the explanation (``details["kind"] == "resize"``:
    ``axes``, ``axis_names``, ``in_sizes``, ``out_sizes``, ``coordinates``, ``scales``, ``at``,
    ``source`` (x_src per axis), ``formulas``, ``taps``, ``positions``, ``weights``,
    ``extrapolated``, ``grid`` (x_src of up to 16 output positions per axis around ``at``, with
    each position's taps and weights when it has at most 64: what the sampling-grid figure
    and the resize page draw), ``elsewhere`` (per library default: ``label``, ``value``,
    ``same``, ``why``, ``source``, ``taps``, ``weights``: what ``compare=`` draws)).
``kernel.resize(x, spec, dtype)``, ``kernel.value_at(x, spec, index)``, ``kernel.axis_table(spec, k)``
    The banded compute, one element with the kernel's own operations, one axis's taps.
``conventions.conventions_for(filter)``
    The library defaults "the same pixel elsewhere" compares; add a library's default there.

How each library maps onto the spec
===================================

* **PyTorch** ``F.interpolate`` (``frontends/torch.py``): nearest = asymmetric + floor,
  nearest-exact = half_pixel + round_prefer_ceil, both float32 ``multiply``; linear family =
  half_pixel or align_corners, clamp; bicubic = cubic a = -0.75, clamp; antialias = linear /
  cubic a = -0.5 / lanczos3, ``antialias=True``, exclude; area = ``area`` adaptive. The scale
  is the given ``scale_factor`` unless ``recompute_scale_factor``. uint8 bilinear, bicubic and
  lanczos are ``Precision(fixed_point="torch_uint8")``: PyTorch's int16 separable fixed point,
  width pass first, each pass rounded to uint8 (see :mod:`.fixed_point`).
* **TensorFlow 2** ``tf.image.resize``: bilinear = half_pixel linear clamp; nearest =
  half_pixel + round_prefer_ceil (float32); bicubic = cubic a = -0.5, exclude; area =
  ``area`` coverage; lanczos3/5, gaussian, mitchellcubic and every ``antialias=True`` =
  scale_and_translate: half_pixel, ``normalize=True``, exclude, stretched when antialiasing.
  **TF1** ``resize_*(align_corners, half_pixel_centers)``: asymmetric by default,
  align_corners (nearest rounds half up), or half_pixel; bicubic a = -0.75 clamp except
  half_pixel_centers (a = -0.5, exclude).
* **ONNX** Resize: the attributes are the spec's names; ``exact`` arithmetic for the
  specification, ``float32`` + ``divide`` for onnxruntime; antialias = ``antialias=True``
  with ``clamp`` unless exclude_outside.
* **JAX** ``jax.image.resize``: scale_and_translate like TF2 (linear, cubic a = -0.5,
  lanczos3/5; ``antialias=True`` by default); nearest = half_pixel + round_prefer_ceil.
* **OpenCV** ``cv2.resize`` (``frontends/opencv.py``, OpenCV 5.0): INTER_NEAREST = asymmetric
  + floor in double: ``floor(x * (1. / inv_scale))`` with ``inv_scale`` the given ``fx`` or
  ``out / in`` (a double); INTER_LINEAR = half_pixel linear clamp, no antialias, the
  coordinate ``(float)((x + 0.5) * scale - 0.5)``; INTER_CUBIC = cubic a = -0.75 clamp;
  INTER_LANCZOS4 = lanczos lobes=4 clamp (8 taps, normalised); INTER_AREA = ``area``
  coverage when both axes shrink, OpenCV's two-tap rule otherwise. The values come from
  OpenCV's own arithmetic on every depth (:mod:`.opencv_generic`): ``"opencv_generic"``
  (``resizeGeneric_``: float32 weights, 8-bit fixed point in 1/2048 with the SIMD vertical
  steps, 16-bit and float32 sums in float32 in OpenCV's orders, the SIMD loop's nested sums
  and the scalar tail's left-to-right ones), ``"opencv_area"`` (``resizeArea_``: the windows
  of ``1 / inv_scale``, ``1 / fx`` when the size came from ``fx``) and ``"opencv_area_fast"``
  (``resizeAreaFast_``: integer scales, blocks cut by the edge, and INTER_LINEAR /
  INTER_LINEAR_EXACT halving); cv2 builds with Intel IPP (the PyPI wheels) compute 8-bit
  cubic, 16-bit and float32 linear and cubic and float64 linear with IPP instead
  (``opencv_generic.IPP_ROUTED``); IPP's arithmetic for 16-bit linear is
  ``"opencv_ipp_linear16"``, for float32 and float64 linear ``"opencv_ipp_linear32f"``,
  ``"opencv_ipp_linear64f"``, for 8-bit, 16-bit and float32 cubic ``"opencv_ipp_cubic8"``,
  ``"opencv_ipp_cubic16"``, ``"opencv_ipp_cubic32"`` (:mod:`.opencv_ipp`, its table
  ``IPP_RULES``; the frontend's ``ipp=True``); not reproduced: sizes from ``fx``, ``fy`` off their ratio (IPP's
  warpAffine), infinities at the replicated borders of float linear. INTER_LINEAR_EXACT on integer images is
  ``fixed_point="opencv_linear_exact"``; INTER_NEAREST_EXACT = half_pixel +
  round_prefer_ceil, picked by OpenCV 5's double running sum (``"opencv_nearest_exact"``)
  (see :mod:`.fixed_point` for those rules and what is refused).
* **PIL** ``Image.resize`` (``frontends/pil.py``, Pillow 13.0): every filter but NEAREST is
  half_pixel with ``antialias=True`` (support scaled by ``in / out`` when downsampling),
  boundary exclude, weights normalised: BILINEAR = linear, BICUBIC = cubic a = -0.5, LANCZOS
  = lanczos3, BOX = box (Pillow's own, 1 on ``(-0.5, 0.5]``), HAMMING = ``hamming``, MKS2013 =
  ``mks2013``, MKS2021 = ``mks2021`` (Magic Kernel Sharp, radius 2.5 and 4.5); the tap
  window is ``[int(c - support + 0.5), int(c + support + 0.5))`` around ``c = x_src + 0.5``;
  the ``box`` argument is the ``roi`` of ``AxisResize`` (pixel units, read as float32).
  NEAREST is Pillow's affine running sum (``(int)xo``, ``xo += a``); half_pixel +
  round_prefer_ceil describes it. The arithmetic is ``Precision(fixed_point="pil")``: 8-bit
  weights in 22-bit fixed point, each pass ``(sum + 2**21) >> 22`` clipped, RGBA
  premultiplied, two passes in Pillow 13's order (vertical first when the height loses more
  than twice as many pixels as the width); a box at whole pixels of the output's size is a
  crop (see :mod:`.fixed_point`).
* **Keras** ``UpSampling2D`` = TF2 nearest/bilinear with an integer size factor;
  ``Resizing`` = ``tf.image.resize`` with crop/pad to aspect ratio first.
"""
